// Tables on a phone (issue #13 item 8): below 40rem a table's rows are shown as stacked cards, and each cell is
// labelled with its column's header, so nothing loses its meaning. The script only copies each header's text onto
// the cells beneath it (data-label) and marks the table; the stylesheet does the rest. Without it a narrow table
// keeps its header row and scrolls sideways in its own box.
(function () {
  "use strict";
  var tables = document.querySelectorAll("table.table");
  for (var t = 0; t < tables.length; t++) {
    var table = tables[t];
    var headRow = table.tHead && table.tHead.rows[0];
    if (!headRow) continue;
    var labels = [];
    for (var h = 0; h < headRow.cells.length; h++) {
      var span = headRow.cells[h].colSpan || 1;
      var text = headRow.cells[h].textContent.replace(/\s+/g, " ").trim();
      for (var s = 0; s < span; s++) labels.push(text);
    }
    for (var b = 0; b < table.tBodies.length; b++) {
      var rows = table.tBodies[b].rows;
      for (var r = 0; r < rows.length; r++) {
        var column = 0;
        for (var c = 0; c < rows[r].cells.length; c++) {
          var cell = rows[r].cells[c];
          var label = labels[column];
          if (label) cell.setAttribute("data-label", label);
          column += cell.colSpan || 1;
        }
      }
    }
    table.setAttribute("data-stacked", "");
  }
})();
