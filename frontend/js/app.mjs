// Starts GOV.UK Frontend and the service's own enhancements. Loaded as <script
// type="module"> from base.html, so that no inline script is needed (a Content Security
// Policy can forbid inline scripts) and browsers too old for ES modules get the plain,
// unenhanced pages.
// Copied by scripts/build_frontend.sh to static/build/, next to govuk/.
import { initAll } from "./govuk/govuk-frontend.min.js";
import { initAllBulkSelects } from "./bulk-select.mjs";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
initAllBulkSelects();
