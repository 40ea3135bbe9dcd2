/**
 * What Grafana's core puts behind `PluginPage` (its `Page` with the app's nav): a breadcrumb,
 * the page title (pageNav, else the app's name), the subtitle, the actions and the content, in
 * Grafana's page spacing (installed by index.tsx).
 */
import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import type { PluginPageProps } from '@grafana/runtime';
import { Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import pluginJson from '../../../src/plugin.json';

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2, 3, 3), minHeight: '100vh', background: theme.colors.background.canvas }),
  top: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 2),
    background: theme.colors.background.primary,
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  header: css({ marginBottom: theme.spacing(3) }),
});

export function HarnessPluginPage({ pageNav, subTitle, actions, children, renderTitle }: PluginPageProps) {
  const styles = useStyles2(getStyles);
  const title = pageNav?.text ?? pluginJson.name;
  return (
    <div>
      <nav className={styles.top} aria-label="Breadcrumbs">
        <Text color="secondary">Home</Text>
        <Text color="secondary">›</Text>
        <Text color="secondary">Apps</Text>
        <Text color="secondary">›</Text>
        <TextLink href={`/a/${pluginJson.id}`} inline={false} color="secondary">
          {pluginJson.name}
        </TextLink>
        {pageNav?.text && (
          <>
            <Text color="secondary">›</Text>
            <Text>{pageNav.text}</Text>
          </>
        )}
      </nav>
      <main className={styles.page}>
        <div className={styles.header}>
          <Stack direction="row" justifyContent="space-between" alignItems="flex-start" wrap="wrap">
            <Stack direction="column" gap={1}>
              {renderTitle ? renderTitle(title) : <Text element="h1">{title}</Text>}
              {subTitle && <Text color="secondary">{subTitle}</Text>}
            </Stack>
            {actions && (
              <Stack direction="row" gap={1}>
                {actions}
              </Stack>
            )}
          </Stack>
        </div>
        {children}
      </main>
    </div>
  );
}
