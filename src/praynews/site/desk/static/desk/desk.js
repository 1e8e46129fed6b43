// The review page: pointing at a part of the draft (or focusing it) lights the source
// sentences it came from; clicking one of its citations scrolls the sources to that sentence.
// Without script the citations are plain links to the sentences, which CSS lights as :target.
"use strict";

function sentencesOf(part) {
  const numbers = (part.dataset.sentences || "").split(" ").filter(Boolean);
  return numbers.map((n) => document.getElementById("s-" + n)).filter(Boolean);
}

function light(part, on) {
  part.classList.toggle("active", on);
  for (const sentence of sentencesOf(part)) sentence.classList.toggle("lit", on);
}

document.addEventListener("DOMContentLoaded", () => {
  for (const part of document.querySelectorAll(".part[data-sentences]")) {
    part.addEventListener("mouseenter", () => light(part, true));
    part.addEventListener("mouseleave", () => light(part, false));
    part.addEventListener("focusin", () => light(part, true));
    part.addEventListener("focusout", () => light(part, false));
  }
  for (const cite of document.querySelectorAll("a.cite")) {
    cite.addEventListener("click", (event) => {
      const sentence = document.getElementById("s-" + cite.dataset.sentence);
      if (!sentence) return;
      event.preventDefault();
      for (const lit of document.querySelectorAll(".sentence.lit")) lit.classList.remove("lit");
      sentence.classList.add("lit");
      sentence.scrollIntoView({ block: "center", behavior: "smooth" });
      history.replaceState(null, "", "#s-" + cite.dataset.sentence);
    });
  }
});
