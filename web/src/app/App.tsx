import { NavLink, Route, Routes } from 'react-router';
import { HomePage } from '../pages/HomePage';
import { SectionPage } from '../pages/SectionPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { sections } from './navigation';

export function App() {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand" aria-label="Atom">
          <img src="/favicon.svg" alt="" width={24} height={24} /> Atom
        </span>
      </header>
      <nav className="sidebar" aria-label="Main">
        <ul>
          {sections.map((s) => (
            <li key={s.path}>
              <NavLink to={s.path} end={s.path === '/'}>
                {s.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          {sections
            .filter((s) => s.path !== '/')
            .map((s) => (
              <Route key={s.path} path={`${s.path}/*`} element={<SectionPage section={s} />} />
            ))}
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
    </div>
  );
}
