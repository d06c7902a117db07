/**
 * The cheat sheet: every keyboard shortcut, read from the actions themselves,
 * and the mouse gestures of the canvas.
 */
import { ACTIONS } from '../actions';
import { keyLabel } from '../actions/run';
import { useEditorStore } from '../editor/store';
import { Dialog } from '../ui/Dialog';

const GESTURES: readonly [string, string][] = [
  ['Add a layer', 'Drag it from the palette, or click it (it connects below the selected layer)'],
  ['Insert a layer on a connection', 'Drop it onto the connection, or click the + on its shape label'],
  ['Connect two layers', 'Drag from the dot under one layer to a dot on top of another'],
  ['Select several', 'Shift-drag a box around them, or Ctrl/⌘-click each'],
  ['Pan and zoom', 'Drag the empty canvas; scroll or pinch to zoom'],
];

function Keys({ keys }: { keys: readonly string[] }) {
  return (
    <span className="keys">
      {keys.map((k, i) => (
        <kbd key={i}>{keyLabel(k)}</kbd>
      ))}
    </span>
  );
}

export function ShortcutsDialog() {
  const close = () => useEditorStore.getState().closeDialog();
  const groups = ['Edit', 'View', 'File', 'Help'] as const;
  return (
    <Dialog title="Keyboard shortcuts" onClose={close} testId="shortcuts-dialog">
      <div className="shortcuts">
        {groups.map((group) => {
          const actions = ACTIONS.filter((a) => a.group === group && a.keys);
          if (!actions.length) return null;
          return (
            <section key={group}>
              <h3>{group}</h3>
              <table>
                <tbody>
                  {actions.map((a) => (
                    <tr key={a.name} data-testid="shortcut-row" data-action={a.name}>
                      <td>{a.label}</td>
                      <td className="shortcuts__keys">
                        {a.keys!.map((k, i) => (
                          <span key={i}>
                            {i > 0 && <span className="muted"> or </span>}
                            <Keys keys={k} />
                          </span>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          );
        })}
        <section>
          <h3>Mouse</h3>
          <table>
            <tbody>
              {GESTURES.map(([what, how]) => (
                <tr key={what}>
                  <td>{what}</td>
                  <td className="muted">{how}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </Dialog>
  );
}
