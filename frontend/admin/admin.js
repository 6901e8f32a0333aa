// Admin pages: asks before a form marked data-confirm is sent (delete a user, revoke a key), and selects a newly
// created API key so that it can be copied at once. No inline scripts: the Content-Security-Policy forbids them.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
document.addEventListener('DOMContentLoaded', () => {
  const key = document.getElementById('new-key');
  if (key) {
    key.focus();
    key.select();
  }
});
