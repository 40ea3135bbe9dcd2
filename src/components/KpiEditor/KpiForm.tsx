import React from 'react';
import { Button, Field, FieldSet, Input, RadioButtonGroup, Select, Stack, Switch } from '@grafana/ui';
import { AGGREGATE_NAMES } from '../../core/rules/aggregates';
import { CALENDAR_UNIT_NAMES } from '../../core/rules/windows';
import { testIds } from '../testIds';
import { emptyMeasure, KpiDraft, MeasureForm, measureForm, messagesFor } from './draft';

type Path = Array<string | number>;

/** The draft with `value` at `path` (a new object; undefined or '' removes the key when written). */
export function setIn(draft: KpiDraft, path: Path, value: unknown): KpiDraft {
  const [head, ...rest] = path;
  const base = (Array.isArray(draft) ? [...draft] : { ...draft }) as Record<string | number, unknown>;
  base[head] =
    rest.length === 0 ? value : setIn((base[head] ?? (typeof rest[0] === 'number' ? [] : {})) as KpiDraft, rest, value);
  return base as KpiDraft;
}

function getIn(draft: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined),
    draft
  );
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const num = (s: string): number | undefined => (s.trim() === '' || Number.isNaN(Number(s)) ? undefined : Number(s));

interface Props {
  draft: KpiDraft;
  onChange: (draft: KpiDraft) => void;
  problems: Map<string, string[]>;
  sources: string[];
  kpiIds: string[];
}

/** The KPI as a form: every key of docs/catalog.md, KPIs, with the core's validation messages on its field. */
export function KpiForm({ draft, onChange, problems, sources, kpiIds }: Props) {
  const error = (field: string) => {
    const messages = messagesFor(problems, field);
    return messages.length > 0 ? messages.join('; ') : undefined;
  };
  const field = (
    label: string,
    path: Path,
    props: { description?: string; number?: boolean; placeholder?: string; width?: number } = {}
  ) => {
    const key = path.join('.');
    const message = error(key);
    return (
      <Field label={label} description={props.description} invalid={message !== undefined} error={message}>
        <Input
          id={`kpi-${key}`}
          data-testid={testIds.editor.field(key)}
          width={props.width}
          type={props.number ? 'number' : 'text'}
          placeholder={props.placeholder}
          value={text(getIn(draft, path))}
          onChange={(e) => {
            const v = e.currentTarget.value;
            onChange(setIn(draft, path, props.number ? num(v) : v === '' ? undefined : v));
          }}
        />
      </Field>
    );
  };
  const aggregate = (label: string, base: Path) => (
    <Stack direction="row" gap={1} wrap="wrap">
      <Field
        label={`${label}aggregate`}
        invalid={error([...base, 'aggregate'].join('.')) !== undefined}
        error={error([...base, 'aggregate'].join('.'))}
      >
        <Select
          aria-label={`${label}aggregate`}
          width={20}
          value={text(getIn(draft, [...base, 'aggregate'])) || null}
          options={AGGREGATE_NAMES.map((a) => ({ label: a, value: a }))}
          onChange={(v) => onChange(setIn(draft, [...base, 'aggregate'], v?.value))}
        />
      </Field>
      {field(`${label}expression`, [...base, 'expression'], {
        placeholder: 'SQL over a row, e.g. duration_ms',
        width: 36,
      })}
      {field(`${label}filter`, [...base, 'filter'], { placeholder: "e.g. status = 'ok'", width: 36 })}
    </Stack>
  );
  const form = measureForm(draft.measure);
  const scheduled = Array.isArray(draft.targets);
  const targets = (scheduled ? draft.targets : []) as Array<Record<string, unknown>>;
  const pace = draft.pace as { after?: number } | undefined;

  return (
    <div data-testid={testIds.editor.form}>
      <FieldSet label="KPI">
        <Stack direction="row" gap={1} wrap="wrap">
          {field('Id', ['id'], { description: 'lowercase, digits and _', width: 30 })}
          {field('Name', ['name'], { width: 40 })}
        </Stack>
        <Stack direction="row" gap={1} wrap="wrap">
          {field('Area', ['area'], { width: 24 })}
          {field('Owner', ['owner'], { width: 24 })}
          {field('Unit', ['unit'], { description: 'Grafana unit: percent, ms, m, currencyUSD…', width: 20 })}
          {field('Decimals', ['decimals'], { number: true, width: 12 })}
        </Stack>
      </FieldSet>
      <FieldSet label="Data">
        <Stack direction="row" gap={1} wrap="wrap">
          {form !== 'formula' && form !== 'growth' && (
            <Field label="Source" invalid={error('source') !== undefined} error={error('source')}>
              <Select
                aria-label="Source"
                width={30}
                value={text(draft.source) || null}
                options={sources.map((s) => ({ label: s, value: s }))}
                onChange={(v) => onChange(setIn(draft, ['source'], v?.value))}
              />
            </Field>
          )}
          {field('Window', ['window'], { description: `7d, 30d, 1h… or ${CALENDAR_UNIT_NAMES.join(', ')}`, width: 20 })}
          {field('Filter', ['filter'], { description: 'SQL condition on the rows', width: 40 })}
        </Stack>
      </FieldSet>
      <FieldSet label="Measure">
        <Field label="Form" invalid={error('measure') !== undefined && form !== 'aggregate'} error={undefined}>
          <RadioButtonGroup<MeasureForm>
            value={form}
            options={[
              { label: 'Aggregate', value: 'aggregate' },
              { label: 'Ratio', value: 'ratio' },
              { label: 'NPS', value: 'nps' },
              { label: 'Formula', value: 'formula' },
              { label: 'Growth', value: 'growth' },
            ]}
            onChange={(f) => {
              const next = setIn(draft, ['measure'], emptyMeasure(f));
              onChange(f === 'formula' || f === 'growth' ? setIn(next, ['source'], undefined) : next);
            }}
          />
        </Field>
        {form === 'aggregate' && aggregate('', ['measure'])}
        {form === 'ratio' && (
          <>
            {aggregate('Numerator ', ['measure', 'ratio', 'numerator'])}
            {aggregate('Denominator ', ['measure', 'ratio', 'denominator'])}
            {field('Scale', ['measure', 'scale'], { number: true, description: '100 for a percentage', width: 12 })}
          </>
        )}
        {form === 'nps' && (
          <Stack direction="row" gap={1}>
            {field('Score expression', ['measure', 'nps', 'expression'], { width: 30 })}
            {field('Filter', ['measure', 'nps', 'filter'], { width: 36 })}
          </Stack>
        )}
        {form === 'formula' &&
          field('Formula', ['measure', 'formula'], {
            description: 'arithmetic over other KPIs, e.g. clv / cac',
            width: 60,
          })}
        {form === 'growth' && (
          <Field label="Growth of KPI" invalid={error('measure.growth') !== undefined} error={error('measure.growth')}>
            <Select
              aria-label="Growth of KPI"
              width={30}
              value={text(getIn(draft, ['measure', 'growth', 'kpi'])) || null}
              options={kpiIds.filter((k) => k !== draft.id).map((k) => ({ label: k, value: k }))}
              onChange={(v) => onChange(setIn(draft, ['measure', 'growth', 'kpi'], v?.value))}
            />
          </Field>
        )}
        {error('measure') && form === 'aggregate' && messagesFor(problems, 'measure').length > 0 && null}
      </FieldSet>
      <FieldSet label="Target and thresholds">
        <Field label="Direction">
          <RadioButtonGroup
            value={text(draft.direction) || 'higher'}
            options={[
              { label: 'Higher is better', value: 'higher' },
              { label: 'Lower is better', value: 'lower' },
            ]}
            onChange={(d) => onChange(setIn(draft, ['direction'], d))}
          />
        </Field>
        <Field label="Target">
          <RadioButtonGroup
            value={scheduled ? 'schedule' : 'fixed'}
            options={[
              { label: 'Fixed', value: 'fixed' },
              { label: 'Schedule', value: 'schedule' },
            ]}
            onChange={(mode) => {
              const { target, targets: _t, ...rest } = draft;
              onChange(
                mode === 'schedule'
                  ? { ...rest, targets: [{ from: new Date().toISOString().slice(0, 10), value: target }] }
                  : { ...rest, target: (targets[targets.length - 1]?.value as number | undefined) ?? undefined }
              );
            }}
          />
        </Field>
        {!scheduled && field('Target value', ['target'], { number: true, width: 20 })}
        {scheduled && (
          <div data-testid={testIds.editor.schedule}>
            {targets.map((_, i) => (
              <Stack key={i} direction="row" gap={1} alignItems="flex-end">
                {field('From', ['targets', i, 'from'], { placeholder: 'YYYY-MM-DD', width: 16 })}
                {field('Value', ['targets', i, 'value'], { number: true, width: 14 })}
                {field('Warning', ['targets', i, 'warning'], { number: true, width: 14 })}
                {field('Critical', ['targets', i, 'critical'], { number: true, width: 14 })}
                <Button
                  variant="secondary"
                  fill="text"
                  icon="trash-alt"
                  aria-label={`Remove target ${i + 1}`}
                  onClick={() =>
                    onChange(
                      setIn(
                        draft,
                        ['targets'],
                        targets.filter((__, j) => j !== i)
                      )
                    )
                  }
                />
              </Stack>
            ))}
            <Button
              variant="secondary"
              size="sm"
              icon="plus"
              onClick={() => onChange(setIn(draft, ['targets'], [...targets, { from: '', value: undefined }]))}
            >
              Add a stretch
            </Button>
          </div>
        )}
        <Stack direction="row" gap={1} wrap="wrap">
          {field('Warning threshold', ['thresholds', 'warning'], {
            number: true,
            width: 20,
            description: 'empty: the target',
          })}
          {field('Critical threshold', ['thresholds', 'critical'], { number: true, width: 20 })}
        </Stack>
      </FieldSet>
      <FieldSet label="Pace, volume and comparison">
        <Stack direction="row" gap={2} wrap="wrap" alignItems="flex-start">
          <Field
            label="Judge on pace"
            description="calendar window, count or sum"
            invalid={error('pace') !== undefined}
            error={error('pace')}
          >
            <Switch
              aria-label="Judge on pace"
              value={pace !== undefined}
              onChange={(e) => onChange(setIn(draft, ['pace'], e.currentTarget.checked ? { after: 0.2 } : undefined))}
            />
          </Field>
          {pace !== undefined &&
            field('Pending until', ['pace', 'after'], {
              number: true,
              description: 'share of the period, 0–1',
              width: 14,
            })}
          {field('Minimum volume', ['minVolume'], { number: true, description: 'fewer rows: low volume', width: 16 })}
          <Field label="Compare with">
            <RadioButtonGroup
              value={text(draft.compare) || 'previous'}
              options={[
                { label: 'Previous window', value: 'previous' },
                { label: 'Same window last year', value: 'year' },
              ]}
              onChange={(c) => onChange(setIn(draft, ['compare'], c === 'previous' ? undefined : c))}
            />
          </Field>
        </Stack>
      </FieldSet>
      {messagesFor(problems, '').length > 0 && null}
    </div>
  );
}
