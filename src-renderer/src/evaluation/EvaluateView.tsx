/** Evaluation: confusion matrix, per-class scores, misclassified examples and the playground. */
export function EvaluateView() {
  return (
    <section className="view-placeholder" data-testid="evaluateview">
      <p>Evaluation: confusion matrix, per-class scores, misclassified examples and the playground.</p>
    </section>
  );
}
