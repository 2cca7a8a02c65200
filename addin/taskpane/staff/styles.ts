/** The staff view's layout, shared by its parts. */
import { makeStyles } from '@fluentui/react-components';
import { plainList, viewColumn } from '../layout';

export const useStaffStyles = makeStyles({
  root: viewColumn,
  // Even rows of buttons: two by two at 350 px, all four in a row where the pane is wider.
  actions: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(130px, 1fr))', gap: '6px' },
  dl: { display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '2px 8px', margin: 0 },
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: '6px',
    borderTop: '1px solid #ddd',
    paddingTop: '6px',
  },
  list: plainList('6px'),
  /** The column map: short `field → column` entries in as many columns as the pane holds. */
  columns: {
    listStyleType: 'none',
    margin: '2px 0',
    padding: 0,
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))',
    gap: '2px 12px',
  },
});
