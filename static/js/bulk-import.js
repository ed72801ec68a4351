// The bulk import's status page: while the import runs, ask the server how far it has got
// every second and move the bar; when it ends, reload the page to show the summary.
// Without this script the page's "Refresh" link does the same by hand.
"use strict";
(() => {
  const box = document.getElementById("bulk-progress");
  if (!box || !box.dataset.statusUrl) return;
  const bar = document.getElementById("bulk-progress-bar");
  const text = document.getElementById("bulk-progress-text");

  const poll = async () => {
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const status = await response.json();
        bar.max = Math.max(status.total, 1);
        bar.value = status.done;
        if (text.textContent !== status.text) {
          // Only a change is announced: the text is a live region.
          bar.textContent = text.textContent = status.text;
        }
        if (!status.running) {
          window.location.reload();
          return;
        }
      }
    } catch (error) {
      // A dropped connection: the next poll tries again.
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
})();
