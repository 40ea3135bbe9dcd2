import React from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { ROUTES } from '../../constants';

/**
 * The app's pages: one line per route (path relative to the app, lazily loaded page). Add a page
 * here and in ROUTES (src/constants.ts); the first entry's page is also the default.
 */
const PAGES: Array<{ path: string; page: React.LazyExoticComponent<React.ComponentType> }> = [
  { path: ROUTES.Scorecard, page: React.lazy(() => import('../../pages/Scorecard')) },
  { path: ROUTES.Catalog, page: React.lazy(() => import('../../pages/Catalog')) },
  { path: `${ROUTES.Kpi}/:id`, page: React.lazy(() => import('../../pages/Kpi')) },
  { path: ROUTES.Publish, page: React.lazy(() => import('../../pages/Publish')) },
  { path: ROUTES.Editor, page: React.lazy(() => import('../../pages/Editor')) },
  { path: ROUTES.Objectives, page: React.lazy(() => import('../../pages/Objectives')) },
];

function App(_props: AppRootProps) {
  const Default = PAGES[0].page;
  return (
    <Routes>
      {PAGES.map(({ path, page: Page }) => (
        <Route key={path} path={path} element={<Page />} />
      ))}
      <Route path="*" element={<Default />} />
    </Routes>
  );
}

export default App;
