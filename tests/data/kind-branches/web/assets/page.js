// A page: d.mode === "desk" in a comment is not read.
function show(d) {
  if (hasTrait(d, "prints")) return "Hand over the badge";
  return d.mode === "desk" ? "" : "Lead saved.";
}
