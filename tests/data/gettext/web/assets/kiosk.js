"use strict";
// Comments are not read: "Go to the desk."
const a = t("Scan a code.");
const b = "Please take your badge.";
const c = tf("Printed %s of %s.", 1, 2);
