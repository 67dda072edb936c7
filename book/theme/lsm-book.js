// The book's own addition to Doxygen's tree view (cmake/LsmBook.cmake loads it on every page).
//
// The sidebar lists every chapter on every page. Doxygen's tree view opens only the branch of
// the page on screen, so on the front page and in the API reference the chapters (subpages of
// the contents page, book/chapters.md) would hide behind a closed "Chapters" entry, and on a
// page the tree does not index (a directory page, the graph legend) behind a closed root. This
// opens both once the tree is built, unless the tree opened them itself. book_check fails on a
// page whose sidebar misses a book page.
$(function () {
  var tries = 0;
  function open(item) {  // true if the entry is open (or has nothing to open)
    var arrow = item.find('span.arrow').first();
    if (!arrow.length || arrow.text() !== '\u25BA') return true;  // \u25BA closed, \u25BC open
    arrow.parent()[0].click();
    return false;
  }
  (function openChapters() {
    if (++tries > 200) return;
    var tree = $('#nav-tree-contents');
    var root = tree.find('.item').first();
    // Wait for the tree, and for it to select the current page (it opens that page's branch).
    if (!root.length || (!tree.find('#selected').length && tries < 40)) {
      setTimeout(openChapters, 25);
      return;
    }
    var chapters = tree.find('a[href$="chapters.html"]').first().closest('.item');
    if (!chapters.length) {  // under a closed root, or its data still loading
      open(root);
      setTimeout(openChapters, 25);
      return;
    }
    open(chapters);
  })();
});
