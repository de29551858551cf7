import { VIEWS, shortcutOf, type ViewId } from './views';

/** The four views as buttons; Alt+1..4 (or Ctrl+1..4) reach them from anywhere. */
export function NavBar({ current, onShow }: { current: ViewId; onShow: (view: ViewId) => void }) {
  return (
    <nav className="view-nav" aria-label="Views">
      <ul>
        {VIEWS.map((view, index) => (
          <li key={view.id}>
            <button type="button" className="nav-button" aria-current={view.id === current ? 'page' : undefined} aria-keyshortcuts={shortcutOf(index)} onClick={() => onShow(view.id)}>
              {view.label}
              <kbd className="nav-key" aria-hidden="true">
                Alt+{index + 1}
              </kbd>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
