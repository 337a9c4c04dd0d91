// The narrative editors of a report: bold and lists through the browser's editing commands;
// each editor's HTML goes into its hidden field on submit (the server keeps a safe subset).
document.addEventListener("click", (event) => {
  const button = event.target.closest(".rich-tools [data-command]");
  if (!button) return;
  const editor = button.closest(".mb-3").querySelector(".rich-text");
  editor.focus();
  document.execCommand(button.dataset.command);
});
document.addEventListener("submit", (event) => {
  for (const editor of event.target.querySelectorAll(".rich-text")) {
    event.target.querySelector(`input[name="${editor.dataset.field}"]`).value = editor.innerHTML;
  }
});
