/**
 * The script of the desktop app's hidden compute window: for each compute
 * port main sends (through the preload, shared/ipc/desktop-ports.ts) it
 * starts a compute worker and relays between the two. The page itself does
 * nothing else; the engine runs in the workers, off this page's thread.
 */
import { COMPUTE_PORT, isPortMessage } from '../../../shared/ipc/desktop-ports';
import { hostComputeWorker } from './worker-host';

window.addEventListener('message', (event: MessageEvent) => {
  const port = event.ports[0];
  if (event.source !== window || !isPortMessage(event.data, COMPUTE_PORT) || !port) return;
  hostComputeWorker(port);
  port.start();
});
