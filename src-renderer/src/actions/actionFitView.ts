import { defineAction, plain } from './types';

export const FIT_OPTIONS = { padding: 0.15, maxZoom: 1.25, duration: 200 };

export const actionFitView = defineAction({
  name: 'fitView',
  label: 'Zoom to fit',
  group: 'View',
  keys: [['F']],
  keyTest: (e) => plain(e) && e.key.toLowerCase() === 'f',
  enabled: (ctx) => ctx.flow !== null,
  perform: (ctx) => {
    void ctx.flow?.fitView(FIT_OPTIONS);
  },
});
