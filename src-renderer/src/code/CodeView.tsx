/** Code: the generated PyTorch, Keras and ONNX summary, with export buttons. */
export function CodeView() {
  return (
    <section className="view-placeholder" data-testid="codeview">
      <p>Code: the generated PyTorch, Keras and ONNX summary, with export buttons.</p>
    </section>
  );
}
