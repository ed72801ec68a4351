// Bulk assignment on the list of actions (templates/actions/_list_table.html and
// _list_assign.html): shows the "Select all N actions on this page" box, which ticks or
// clears every action's box, and keeps the live count ("3 selected") in the assign bar.
// Without JavaScript the form still submits whatever boxes are ticked; the bar sticks to
// the bottom of the window through CSS alone.

/** Starts select-all and the live count in `form`, if it has the bulk-assign bar. */
export function initBulkSelect(form) {
  const selectAllBox = form.querySelector("[data-app-select-all]");
  const count = form.querySelector("[data-app-selected-count]");
  if (!selectAllBox || !count) {
    return;
  }
  const selectAll = selectAllBox.querySelector("input");
  const actionBoxes = [...form.querySelectorAll('input[type="checkbox"][name="action"]')];

  function update() {
    const ticked = actionBoxes.filter((box) => box.checked).length;
    count.textContent = ticked === 0 ? "No actions selected" : `${ticked} selected`;
    selectAll.checked = ticked === actionBoxes.length;
    selectAll.indeterminate = ticked > 0 && ticked < actionBoxes.length;
  }

  selectAll.addEventListener("change", () => {
    for (const box of actionBoxes) {
      box.checked = selectAll.checked;
    }
    update();
  });
  for (const box of actionBoxes) {
    box.addEventListener("change", update);
  }
  selectAllBox.hidden = false;
  update();
}

/** Every bulk-assign form on the page. */
export function initAllBulkSelects(root = document) {
  for (const bar of root.querySelectorAll("[data-app-assign-bar]")) {
    const form = bar.closest("form");
    if (form) {
      initBulkSelect(form);
    }
  }
}
