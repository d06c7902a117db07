/** Core, merging and activation layers. */
import { Add } from './add';
import { Dense } from './dense';
import type { LayerDef } from './define';
import { Input } from './input';

export const CORE_LAYERS: readonly LayerDef[] = [Input, Dense, Add];
