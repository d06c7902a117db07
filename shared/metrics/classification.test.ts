/** Checked against values computed by hand and by scikit-learn's documented examples. */
import { describe, expect, it } from 'vitest';
import { classificationReport, confusionMatrix, predictedClasses, regressionReport, rocAuc } from './classification';

describe('classification metrics', () => {
  it('takes argmax per row, or a threshold for one output', () => {
    expect([...predictedClasses([0.1, 0.7, 0.2, 0.5, 0.4, 0.1], 3)]).toEqual([1, 0]);
    expect([...predictedClasses([0.2, 0.8], 1)]).toEqual([0, 1]);
  });

  it('builds the confusion matrix with rows as the truth', () => {
    expect(confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)).toEqual([[1, 1, 0], [0, 1, 0], [1, 0, 2]]);
  });

  it('matches scikit-learn on its classification_report example', () => {
    // y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1]: macro P 0.5, R 0.5556, F1 0.4889
    const r = classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], 3);
    expect(r.accuracy).toBeCloseTo(0.6, 6);
    expect(r.macro.precision).toBeCloseTo(0.5, 4);
    expect(r.macro.recall).toBeCloseTo(0.5556, 4);
    expect(r.macro.f1).toBeCloseTo(0.4889, 4);
    expect(r.perClass.map((c) => c.support)).toEqual([1, 1, 3]);
  });

  it('computes ROC AUC as scikit-learn does, ties included', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 10); // sklearn's roc_auc_score example
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBeCloseTo(0.5, 10);
    expect(rocAuc([1, 1], [0.3, 0.4])).toBeNaN();
  });

  it('reports ROC AUC only for two classes with scores', () => {
    expect(classificationReport([0, 1], [0, 1], 2, [0.2, 0.9]).rocAuc).toBe(1);
    expect(classificationReport([0, 1, 2], [0, 1, 2], 3).rocAuc).toBeUndefined();
  });

  it('computes MAE and RMSE', () => {
    const r = regressionReport([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // sklearn: MAE 0.5, MSE 0.375
    expect(r.mae).toBeCloseTo(0.5, 10);
    expect(r.rmse).toBeCloseTo(Math.sqrt(0.375), 10);
  });
});
