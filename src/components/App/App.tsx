import React from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { ROUTES } from '../../constants';

const Catalog = React.lazy(() => import('../../pages/Catalog'));
const Kpi = React.lazy(() => import('../../pages/Kpi'));

/** The app's routes: one page per KPI (the target of the panels' data links), the catalog otherwise. */
function App(_props: AppRootProps) {
  return (
    <Routes>
      <Route path={`${ROUTES.Kpi}/:id`} element={<Kpi />} />
      {/* Default page */}
      <Route path="*" element={<Catalog />} />
    </Routes>
  );
}

export default App;
