// The document page: bring the cited passage (its marked number, when there is one) to the middle of the
// window, with the report text around it. The #passage fragment alone puts it at the top edge; the
// browser's own fragment scroll happens as the page loads, so this runs after it. "返回问答" goes back in
// history when the chat is the page before (the conversation and its scroll position come back as left);
// otherwise it opens the chat, which restores the conversation from this tab's sessionStorage.
"use strict";

window.addEventListener("load", () => {
  const target = document.getElementById("number") || document.getElementById("passage");
  if (target) requestAnimationFrame(() => target.scrollIntoView({ block: "center" }));
  const back = document.querySelector("a.back");
  if (back && document.referrer) {
    const from = new URL(document.referrer);
    if (from.origin === location.origin && from.pathname === "/" && history.length > 1) {
      back.addEventListener("click", (event) => {
        event.preventDefault();
        history.back();
      });
    }
  }
});
