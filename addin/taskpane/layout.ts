/** Style pieces the pane's views share (Griffel objects for `makeStyles`). */
import type { GriffelStyle } from '@fluentui/react-components';

/**
 * A list without bullets or indent whose items stack with `gap` between them.
 *
 * @example makeStyles({ list: plainList('6px') })
 */
export const plainList = (gap: string): GriffelStyle => ({
  listStyleType: 'none',
  margin: 0,
  padding: 0,
  display: 'flex',
  flexDirection: 'column',
  gap,
});

/** A view's column: sections stacked 8 px apart; long words (ids, file names) wrap at 350 px. */
export const viewColumn: GriffelStyle = {
  display: 'flex',
  flexDirection: 'column',
  gap: '8px',
  overflowWrap: 'anywhere',
};
