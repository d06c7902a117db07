/** Normalisation, embedding, recurrent and wrapper layers. */
import type { LayerDef } from './define';
import { LSTM } from './lstm';

export const RECURRENT_LAYERS: readonly LayerDef[] = [LSTM];
