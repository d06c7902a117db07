/** Training: pick a dataset, set hyperparameters, train and watch it learn. */
export function TrainView() {
  return (
    <section className="view-placeholder" data-testid="trainview">
      <p>Training: pick a dataset, set hyperparameters, train and watch it learn.</p>
    </section>
  );
}
