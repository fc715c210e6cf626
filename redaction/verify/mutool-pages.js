// MuPDF's own JavaScript (mujs, ES5), run by `mutool run`, not by Node: see `mutoolPages` in tools.ts.
//
// One MuPDF process and one load of the document give what two `mutool draw` runs gave: every
// page's text as `mutool draw -F txt` writes it, and the gray renders of the pages asked for as
// `mutool draw -A 0 -c gray` writes them. Each process start and document load cost about 25 ms
// of CPU, a tenth of verifying a 10-page release. The text comes from MuPDF's text writer and the
// pixels from its PGM writer, the code `mutool draw` itself runs: the outputs are compared byte
// for byte with mutool draw's in tools.test.ts.
//
// Arguments: the PDF, an output prefix, "text" or "no-text", then "page:dpi" for each page to
// render (1-based). Page N's text goes to PREFIX + "tN.txt" and its render to PREFIX + "pN-1.pgm"
// (the PGM writer numbers the pages it wrote: one each here). It prints the page count and the
// pages it left for `mutool draw` to render (see `drawsImages`).
// Any error ends the script with a non-zero status and the caller reads the file the old way.
//
// Both outputs are drawn from the page's contents without its annotations (`toDisplayList(false)`):
// that is what `mutool draw -F txt` and `mutool draw` gave, byte for byte, on the corpora, where
// running the page with its annotations did not. A release carries no annotations (the structure
// check fails one that does).
var doc = new Document(scriptArgs[0]);
// As `mutool draw` does with no password given: an encrypted file opens with the empty password or not at all.
if (doc.needsPassword() && !doc.authenticatePassword("")) throw new Error("cannot authenticate password");
var prefix = scriptArgs[1];
var text = scriptArgs[2] === "text";
var dpi = {};
for (var a = 3; a < scriptArgs.length; a++) {
  var pair = scriptArgs[a].split(":");
  dpi[Number(pair[0])] = Number(pair[1]);
}
function draw(writer, page, list, matrix, box) {
  var device = writer.beginPage(box || page.bound());
  list.run(device, matrix);
  writer.endPage();
  writer.close();
}
// Whether a page comes to a whole number of pixels each way at this resolution. The PGM writer scales
// a page to whole pixels (round(width * dpi / 72) / width) where `mutool draw` scales by dpi / 72 and
// rounds the pixmap out: on an A4 page at 100 DPI (826.77 by 1169.4 pixels) edges moved by a pixel
// and the last row went missing when the writer was given the page's own bounds. A Letter page (850 by
// 1100) is whole and drawn on its bounds, as it always was; any other page is drawn on `rounded`.
function whole(page, dpi) {
  var b = page.bound();
  var zoom = dpi / 72;
  var off = function (v) {
    return Math.abs(v * zoom - Math.round(v * zoom)) > 0.001;
  };
  return !(off(b[0]) || off(b[1]) || off(b[2]) || off(b[3]));
}
// The page's bounds rounded out to whole pixels at this resolution, as `mutool draw` rounds its pixmap
// (the edges at dpi / 72 scale, a thousandth of a pixel of slack): given this box, the PGM writer's page is
// that many pixels and its scale is dpi / 72, so the page is drawn where `mutool draw` draws it. Compared
// byte for byte with `mutool draw -A 0` at 100 DPI on the corpora's 63 such pages without images (A4,
// rotated A4, odd hostile sizes): all equal but one whose annotation `mutool draw` draws and a release
// never has (tools.test.ts checks an A4 page). Before, every such page cost a `mutool draw` process.
function rounded(page, dpi) {
  var b = page.bound();
  var zoom = dpi / 72;
  return [Math.floor(b[0] * zoom + 0.001) / zoom, Math.floor(b[1] * zoom + 0.001) / zoom, Math.ceil(b[2] * zoom - 0.001) / zoom, Math.ceil(b[3] * zoom - 0.001) / zoom];
}
// Whether a page draws an image or a shading. MuPDF resamples those by the process-wide anti-aliasing
// level, which `mutool draw -A 0` sets and a script cannot (the writer's "graphics=aa0" reaches paths
// and glyphs only): a scanned page drawn here came out smoothed, with half the dark pixels of mutool
// draw's. Such pages are left to `mutool draw`, so every page is drawn as it was.
function drawsImages(list) {
  var seen = false;
  var mark = function () {
    seen = true;
  };
  list.run({ fillImage: mark, fillImageMask: mark, clipImageMask: mark, fillShade: mark }, Identity);
  return seen;
}
// Whether a page's resources, or those of the forms and patterns it draws, hold a Type 3 font. Its
// glyphs are drawn by a device of MuPDF's own that takes the process-wide anti-aliasing too (a Type 3
// test file came out different). Such pages are left to `mutool draw`. Objects already seen are
// skipped, so a form drawn inside itself ends the walk.
function hasType3(pageObject) {
  var seen = [];
  // forEach hands over a dictionary's key and value; the value is the one that is an object.
  function values(dict, each) {
    dict.forEach(function (a, b) {
      var value = a && typeof a === "object" && a.isDictionary ? a : b;
      if (value && typeof value === "object" && value.isDictionary) each(value);
    });
  }
  function walk(resources, depth) {
    if (!resources || !resources.isDictionary() || depth > 32) return false;
    var found = false;
    var fonts = resources.get("Font");
    if (fonts && fonts.isDictionary())
      values(fonts, function (font) {
        if (font.isDictionary() && font.get("Subtype").toString() === "/Type3") found = true;
      });
    ["XObject", "Pattern"].forEach(function (kind) {
      var all = resources.get(kind);
      if (!all || !all.isDictionary()) return;
      values(all, function (child) {
        if (found || !child.isDictionary()) return;
        if (child.isIndirect()) {
          if (seen.indexOf(child.asIndirect()) >= 0) return;
          seen.push(child.asIndirect());
        }
        if (walk(child.get("Resources"), depth + 1)) found = true;
      });
    });
    return found;
  }
  return walk(pageObject.get("Resources"), 0);
}
var count = doc.countPages();
// A page asked for that the document does not have is an error, as it is for the caller.
for (var k in dpi) if (Number(k) < 1 || Number(k) > count) throw new Error("no page " + k);
var left = [];
for (var n = 1; n <= count; n++) {
  if (!text && !dpi[n]) continue;
  var page = doc.loadPage(n - 1);
  var list = page.toDisplayList(false);
  if (text) draw(new DocumentWriter(prefix + "t" + n + ".txt", "text", ""), page, list, Identity);
  if (!dpi[n]) continue;
  if (drawsImages(list) || hasType3(doc.findPage(n - 1))) left.push(n);
  // Without anti-aliasing, as `-A 0`: a box's edge and a glyph's stroke land on whole pixels.
  else draw(new DocumentWriter(prefix + "p" + n + "-%d.pgm", "pgm", "resolution=" + dpi[n] + ",colorspace=gray,graphics=aa0,text=aa0"), page, list, Identity, whole(page, dpi[n]) ? undefined : rounded(page, dpi[n]));
}
// The page count, so the caller knows how many text files to read, and the pages left to mutool draw.
print(JSON.stringify({ pages: count, left: left }));
