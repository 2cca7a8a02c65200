/** The staff view's layout, shared by its parts. */
import { makeStyles } from '@fluentui/react-components';
import { plainList, viewColumn } from '../layout';

export const useStaffStyles = makeStyles({
  root: viewColumn,
  actions: { display: 'flex', flexWrap: 'wrap', gap: '6px' },
  dl: { display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '2px 8px', margin: 0 },
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: '6px',
    borderTop: '1px solid #ddd',
    paddingTop: '6px',
  },
  list: plainList('6px'),
});
