/** Normalisation, embedding, recurrent and wrapper layers. */
import { BatchNormalization } from './batch-normalization';
import { Bidirectional } from './bidirectional';
import type { LayerDef } from './define';
import { Embedding } from './embedding';
import { GRU } from './gru';
import { LayerNormalization } from './layer-normalization';
import { LSTM } from './lstm';
import { SimpleRNN } from './simple-rnn';
import { TimeDistributed } from './time-distributed';

export const RECURRENT_LAYERS: readonly LayerDef[] = [BatchNormalization, LayerNormalization, Embedding, SimpleRNN, GRU, LSTM, Bidirectional, TimeDistributed];
