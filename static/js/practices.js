// Printable practice page: offer a Print button that opens the browser's print dialog.
// Without JavaScript the button stays hidden and the browser's own Print command works.
document.querySelectorAll("button[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
