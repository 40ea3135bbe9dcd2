import React from 'react';
import { Alert } from '@grafana/ui';
import { formatProblem, Problem } from '../../core/catalog/problems';
import { testIds } from '../testIds';

interface Props {
  title: string;
  problems: Problem[];
}

/** Catalog problems, one line each as `openkpi validate` prints them, in an error alert. */
export function ProblemList({ title, problems }: Props) {
  return (
    <Alert title={title} severity="error" data-testid={testIds.catalog.problems}>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>{formatProblem(p)}</li>
        ))}
      </ul>
    </Alert>
  );
}
