import React from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { ROUTES } from '../../constants';

const Catalog = React.lazy(() => import('../../pages/Catalog'));
const Kpi = React.lazy(() => import('../../pages/Kpi'));
const Publish = React.lazy(() => import('../../pages/Publish'));

/** The app's routes: one page per KPI (the target of the panels' data links), the catalog otherwise. */
function App(_props: AppRootProps) {
  return (
    <Routes>
      <Route path={`${ROUTES.Kpi}/:id`} element={<Kpi />} />
      <Route path={ROUTES.Publish} element={<Publish />} />
      {/* Default page */}
      <Route path="*" element={<Catalog />} />
    </Routes>
  );
}

export default App;
