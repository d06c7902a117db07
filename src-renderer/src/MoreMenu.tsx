/**
 * The top bar's More menu, shown only when the window is too narrow for the
 * buttons it stands in for (Tidy up, Fit, Export, the theme and help; which
 * ones hide is decided in app.css). Each entry runs the same action as the
 * button it replaces.
 */
import { actionFitView, actionLayout, actionShortcuts, actionToggleTheme } from './actions';
import { usePreferences } from './editor/preferences';
import { DiagramExportItems } from './ExportMenu';
import { Menu, MenuAction } from './ui/Menu';
import { FitIcon, LayoutIcon, MoonIcon, MoreIcon, SunIcon } from './ui/icons';

export function MoreMenu() {
  const theme = usePreferences((s) => s.theme);
  return (
    <Menu label="More tools" testId="more-menu" className="top-bar__more" align="end" trigger={<MoreIcon />}>
      {(close) => (
        <>
          <MenuAction action={actionLayout} close={close} testId="more-layout" icon={<LayoutIcon />} />
          <MenuAction action={actionFitView} close={close} testId="more-fitView" icon={<FitIcon />} />
          <div className="menu__divider" />
          <DiagramExportItems close={close} />
          <div className="menu__divider" />
          <MenuAction action={actionToggleTheme} close={close} testId="more-theme" icon={theme === 'dark' ? <SunIcon /> : <MoonIcon />} label={theme === 'dark' ? 'Light theme' : 'Dark theme'} />
          <MenuAction action={actionShortcuts} close={close} testId="more-help" />
        </>
      )}
    </Menu>
  );
}
