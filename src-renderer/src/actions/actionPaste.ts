import { defineAction, mod } from './types';

/** How far each paste lands from the original, so copies never hide what they copy. */
export const PASTE_OFFSET = 40;

export const actionPaste = defineAction({
  name: 'paste',
  label: 'Paste',
  group: 'Edit',
  keys: [['Mod', 'V']],
  keyTest: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 'v',
  enabled: (ctx) => (ctx.editor.clipboard?.nodes.length ?? 0) > 0,
  perform(ctx) {
    const clip = ctx.editor.clipboard;
    if (!clip || clip.nodes.length === 0) return;
    const step = ctx.editor.notePaste() * PASTE_OFFSET;
    const ids = ctx.project.paste(clip, { x: step, y: step });
    if (ids.length) ctx.editor.select(ids);
  },
});
