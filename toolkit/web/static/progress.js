// While a pack is built (a few seconds, up to a minute with PDFs), say so beside the
// button and show a moving bar; without JavaScript the browser's own indicator shows it.
document.querySelectorAll("form[data-progress]").forEach((form) => {
  const status = document.getElementById(form.dataset.progress);
  form.addEventListener("submit", () => {
    status.textContent = status.dataset.said;
    status.appendChild(document.createElement("progress"));
  });
  // Coming back to the page (the Back button) shows it as it was before building.
  window.addEventListener("pageshow", () => { status.textContent = ""; });
});
