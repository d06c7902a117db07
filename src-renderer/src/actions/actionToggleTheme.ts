import { defineAction } from './types';

export const actionToggleTheme = defineAction({
  name: 'toggleTheme',
  label: 'Light or dark theme',
  group: 'View',
  keys: [['Shift', 'Alt', 'D']],
  keyTest: (e) => e.shiftKey && e.altKey && e.code === 'KeyD',
  perform: (ctx) => ctx.preferences.setTheme(ctx.preferences.theme === 'dark' ? 'light' : 'dark'),
});
