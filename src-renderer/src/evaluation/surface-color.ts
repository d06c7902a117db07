/**
 * The theme's panel colour, which the pictures of the plane (the decision
 * boundary, the neuron maps) are mixed into. Read from the stylesheet once
 * the page has switched theme: App sets `data-theme` in an effect, after its
 * children have rendered, so a child reading the colour while it renders for
 * the new theme would still get the old one.
 */
import { useSyncExternalStore } from 'react';

export function surfaceColor(): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue('--surface').trim();
  return /^#[0-9a-f]{6}$/i.test(v) ? v : '#ffffff';
}

function onThemeSwitch(changed: () => void): () => void {
  const observer = new MutationObserver(changed);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

/** The panel colour, "#rrggbb", up to date with the theme. */
export function useSurfaceColor(): string {
  return useSyncExternalStore(onThemeSwitch, surfaceColor);
}
