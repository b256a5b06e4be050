// The viewer's one notice line: an error stays until dismissed or replaced, information goes after a while.
import { h } from '../shared/dom';

export const noticeEl = h('div', { class: 'notice', role: 'status', 'aria-live': 'polite' });

let noticeTimer: ReturnType<typeof setTimeout> | undefined;

export function notice(level: 'info' | 'error', message: string): void {
  clearTimeout(noticeTimer);
  noticeEl.className = `notice ${level}`;
  noticeEl.setAttribute('role', level === 'error' ? 'alert' : 'status');
  const close = h('button', { type: 'button', class: 'icon-button', title: 'Dismiss', 'aria-label': 'Dismiss' }, h('span', { class: 'codicon codicon-close', 'aria-hidden': 'true' }));
  close.addEventListener('click', () => noticeEl.replaceChildren());
  noticeEl.replaceChildren(h('span', { class: `codicon codicon-${level === 'error' ? 'error' : 'info'}`, 'aria-hidden': 'true' }), h('span', { text: message }), close);
  if (level === 'info') noticeTimer = setTimeout(() => noticeEl.replaceChildren(), 8000);
}

export function clearNotice(): void {
  clearTimeout(noticeTimer);
  noticeEl.replaceChildren();
}
