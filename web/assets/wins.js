// The auction's pay desk (issue 56 item 3, docs/auction.md "On the pay
// desk's screen"), shown when the station has the "wins" trait: the
// auctioneer's call typed as lot, paddle and amount ({"kind":"win"}),
// recorded by the station as `checkin auction ... win` records it, or
// refused in the same one sentence; the last wins listed under it,
// newest first, for the desk to check its typing against.
"use strict";

function winsDraw(list) {
  $("win-list").replaceChildren(...(list || []).map((w) => {
    const li = document.createElement("li");
    checkinText(li, tf("Lot %s \"%s\": paddle %s, %s %s", w.lot, w.title,
                       w.paddle, w.amount, w.currency), [w.title]);
    return li;
  }));
}

// Called by station.js with the station's traits (status).
function winsShow(on) {
  $("wins").hidden = !on;
}

$("win-form").addEventListener("submit", (e) => {
  e.preventDefault();
  $("win-said").textContent = "";
  boardAsk({
    kind: "win",
    lot: $("win-lot").value.trim(),
    paddle: $("win-paddle").value.trim(),
    amount: $("win-amount").value.trim(),
  }).then((a) => {
    $("win-said").textContent = a.text || a.message || "";
    if (a.wins) winsDraw(a.wins);
    if (a.won) {
      for (const id of ["win-lot", "win-paddle", "win-amount"]) $(id).value = "";
      $("win-lot").focus();
    }
  });
});
