// The auction's pay desk (issue 56 item 3, docs/auction.md "On the pay
// desk's screen"), shown when the station has the "wins" trait: the
// auctioneer's call typed as lot, paddle and amount ({"kind":"win"}),
// recorded by the station as `checkin auction ... win` records it, or
// refused in the same one sentence; the last wins listed under it,
// newest first, for the desk to check its typing against.  A win typed
// by mistake is voided from its row ({"kind":"win","void":true}) once the
// desk confirms it in the panel under the list (docs/auction.md,
// "Correcting a win"); a voided win stays listed, marked void.
"use strict";

let voiding = null; // the win the panel asks about

function winsDraw(list) {
  $("win-list").replaceChildren(...(list || []).map((w) => {
    const li = document.createElement("li");
    const said = tf("Lot %s \"%s\": paddle %s, %s %s", w.lot, w.title,
                    w.paddle, w.amount, w.currency);
    checkinText(li, w.void ? tf("%s (void)", said) : said, [w.title]);
    if (!w.void) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = t("Void…");
      b.setAttribute("aria-label", tf("Void lot %s", w.lot));
      b.addEventListener("click", () => voidAsk(w));
      li.append(b);
    }
    return li;
  }));
}

function voidAsk(w) {
  voiding = w;
  $("void-what").textContent =
    tf("Void lot %s's win by paddle %s for %s %s?", w.lot, w.paddle, w.amount, w.currency);
  $("void-reason").value = "";
  $("void-refunded").checked = false;
  $("void-panel").hidden = false;
  $("void-reason").focus();
}

$("void-no").addEventListener("click", () => {
  voiding = null;
  $("void-panel").hidden = true;
});

$("void-panel").addEventListener("submit", (e) => {
  e.preventDefault();
  if (!voiding) return;
  const lot = voiding.lot;
  boardAsk({
    kind: "win",
    void: true,
    lot: lot,
    reason: $("void-reason").value.trim(),
    refunded: $("void-refunded").checked,
  }).then((a) => {
    $("win-said").textContent = a.text || a.message || "";
    if (a.wins) winsDraw(a.wins);
    if (a.voided) {
      voiding = null;
      $("void-panel").hidden = true;
    }
  });
});

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
