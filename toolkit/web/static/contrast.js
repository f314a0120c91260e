// Optional: says as a colour is typed whether text on it can reach 4.5:1, in the words the
// toolkit's own check uses. The page works the same without it; the build checks again.
(function () {
  "use strict";
  var INK = "1F2933", PAPER = "FFFFFF", NEEDED = 4.5;
  function luminance(hex) {
    var values = [0, 2, 4].map(function (i) {
      var c = parseInt(hex.substr(i, 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * values[0] + 0.7152 * values[1] + 0.0722 * values[2];
  }
  function ratio(a, b) {
    var l = [luminance(a), luminance(b)].sort(function (x, y) { return y - x; });
    return (l[0] + 0.05) / (l[1] + 0.05);
  }
  function shown(value) {  // rounded down, so a failing ratio never reads as passing
    var one = Math.floor(value * 10) / 10;
    return (one >= NEEDED && value < NEEDED ? Math.floor(value * 100) / 100 : one) + ":1";
  }
  function check(input) {
    var note = document.getElementById(input.getAttribute("data-contrast"));
    var match = /^#?([0-9a-fA-F]{6})$/.exec(input.value.trim());
    if (!match) { note.textContent = ""; return; }
    var hex = match[1].toUpperCase();
    var best = Math.max(ratio(PAPER, hex), ratio(INK, hex));
    note.textContent = best >= NEEDED ? "" :
      "#" + hex + " gives text a contrast of only " + shown(best) + " (at least " + NEEDED +
      ":1 is needed): choose a darker or a lighter shade";
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-contrast]"), function (input) {
    input.addEventListener("input", function () { check(input); });
    check(input);
  });
})();
