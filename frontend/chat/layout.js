// Narrow screens: the sidebar slides in over the conversation from the menu button, and out again from its
// close button, the dimmed backdrop, or a click on a conversation.
const sidebar = document.getElementById('sidebar');
const scrim = document.getElementById('scrim');
const menu = document.getElementById('menu-button');

/** Hides the sidebar (on wide screens it is always shown, and this changes nothing). */
export function closeSidebar() {
  sidebar.classList.remove('open');
  scrim.hidden = true;
  menu.setAttribute('aria-expanded', 'false');
}

menu.addEventListener('click', () => {
  sidebar.classList.add('open');
  scrim.hidden = false;
  menu.setAttribute('aria-expanded', 'true');
});
scrim.addEventListener('click', closeSidebar);
document.getElementById('close-sidebar').addEventListener('click', closeSidebar);
document.getElementById('conversation-list').addEventListener('click', e => {
  if (e.target.closest('.conv-open')) {
    closeSidebar();
  }
});
