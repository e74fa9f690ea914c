// The document page: bring the cited passage to the middle of the window, with the report text around
// it. The #passage fragment alone puts it at the top edge; the browser's own fragment scroll happens
// as the page loads, so this runs after it.
"use strict";

window.addEventListener("load", () => {
  const passage = document.getElementById("passage");
  if (passage) requestAnimationFrame(() => passage.scrollIntoView({ block: "center" }));
});
