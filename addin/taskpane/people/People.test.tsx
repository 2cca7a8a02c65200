/** The office's 人员 view, through the App: list, add, disable and enable people of its units. */
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { ApiProblem, NetworkError, type Problem } from '../../../api/errors';
import type { Person } from '../../../api/views';
import { fakeApi, renderApp } from '../testing';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  localStorage.clear();
});

const office = { role: 'office', sub: 's-chen', name: '陈静' } as const;

const person = (over: Partial<Person> & Pick<Person, 'sub' | 'name' | 'role'>): Person => ({
  org: 'org',
  state: 'active',
  createdAt: '2006-04-04T00:00:00.000Z',
  createdBy: 'local:office',
  ...over,
});

const PEOPLE: Person[] = [
  person({ sub: 's-li', name: '李明', role: 'unit', unit: 'transport', phone: '13800000001' }),
  person({ sub: 's-wang', name: '王芳', role: 'unit', unit: 'labor', email: 'wf@example.org' }),
  person({ sub: 's-zhao', name: '赵强', role: 'leader', phone: '13800000002', state: 'disabled' }),
  person({ sub: 's-chen', name: '陈静', role: 'office', email: 'cj@example.org' }),
  person({ sub: 's-x', name: '外来', role: 'unit', unit: 'gone-unit', phone: '13800000003' }),
];

const problem = (status: number, code: Problem['code'], extra: Partial<Problem> = {}): ApiProblem =>
  new ApiProblem({
    type: 'about:blank',
    title: code,
    status,
    code,
    message: { zh: '请求内容有误：email', en: 'Invalid request: email' },
    ...extra,
  });

/** The office in the 人员 tab, with `people` listed. */
async function setUp(people: Person[] = PEOPLE) {
  const user = userEvent.setup();
  const api = fakeApi();
  let list = [...people];
  api.listUsers.mockImplementation(async () => list);
  api.updateUser.mockImplementation(async (sub, patch) => {
    const p = list.find((x) => x.sub === sub)!;
    const changed = { ...p, ...patch };
    list = list.map((x) => (x.sub === sub ? changed : x));
    return changed;
  });
  renderApp({ user: office, api });
  await user.click(await screen.findByRole('tab', { name: '人员' }));
  return { user, api };
}

const add = () => screen.getByRole('region', { name: '添加人员' });
const item = (name: string) => screen.getByRole('listitem', { name });

// Each test walks the App to the tab and types into the form: slow on a shared machine.
describe('人员', { timeout: 30_000 }, () => {
  test('lists people: office, leader, then unit staff in the plan order, with unit names', async () => {
    await setUp();
    await screen.findByText('李明');
    const list = within(screen.getByRole('region', { name: '本机构人员' }));
    const names = list.getAllByRole('listitem').map((li) => li.getAttribute('aria-label'));
    // labor comes before transport in the plan; a unit not in the plan comes last.
    expect(names).toEqual(['陈静', '赵强', '王芳', '李明', '外来']);
    expect(within(item('李明')).getByText('单位填报人 · 区交通局')).toBeTruthy();
    expect(within(item('王芳')).getByText('单位填报人 · 区劳动和社会保障局')).toBeTruthy();
    expect(within(item('外来')).getByText('单位填报人 · gone-unit')).toBeTruthy();
    expect(within(item('陈静')).getByText('考核办')).toBeTruthy();
    expect(within(item('赵强')).getByText('领导')).toBeTruthy();
    expect(within(item('赵强')).getByText('停用')).toBeTruthy();
    expect(within(item('赵强')).getByRole('button', { name: '启用' })).toBeTruthy();
    expect(within(item('李明')).getByText('13800000001')).toBeTruthy();
    expect(within(item('李明')).queryByText('停用', { selector: 'div,span' })).toBeNull();
  });

  test('adding calls addUser with the body and shows the person and the note', async () => {
    const { user, api } = await setUp();
    await screen.findByText('李明');
    const form = within(add());
    await user.type(form.getByRole('textbox', { name: '姓名' }), ' 孙丽 ');
    await user.type(form.getByRole('textbox', { name: '手机' }), '13900000000');
    await user.selectOptions(form.getByRole('combobox', { name: '所属单位' }), 'transport');
    await user.click(form.getByRole('button', { name: '添加人员' }));
    await waitFor(() =>
      expect(api.addUser).toHaveBeenCalledWith({
        name: '孙丽',
        phone: '13900000000',
        role: 'unit',
        unit: 'transport',
      }),
    );
    expect(await screen.findByRole('listitem', { name: '孙丽' })).toBeTruthy();
    expect(within(item('孙丽')).getByText('单位填报人 · 区交通局')).toBeTruthy();
    expect(screen.getByText(/临时密码/)).toBeTruthy();
  });

  test('a leader has no unit field, and the body carries none', async () => {
    const { user, api } = await setUp();
    await screen.findByText('李明');
    const form = within(add());
    await user.type(form.getByRole('textbox', { name: '姓名' }), '周刚');
    await user.type(form.getByRole('textbox', { name: '电子邮箱' }), 'zg@example.org');
    await user.selectOptions(form.getByRole('combobox', { name: '角色' }), 'leader');
    expect(form.queryByRole('combobox', { name: '所属单位' })).toBeNull();
    await user.click(form.getByRole('button', { name: '添加人员' }));
    await waitFor(() =>
      expect(api.addUser).toHaveBeenCalledWith({ name: '周刚', email: 'zg@example.org', role: 'leader' }),
    );
  });

  test('a bad phone shows the error at the phone field, without calling the API', async () => {
    const { user, api } = await setUp();
    await screen.findByText('李明');
    const form = within(add());
    await user.type(form.getByRole('textbox', { name: '姓名' }), '孙丽');
    await user.type(form.getByRole('textbox', { name: '手机' }), 'abc');
    await user.selectOptions(form.getByRole('combobox', { name: '所属单位' }), 'transport');
    await user.click(form.getByRole('button', { name: '添加人员' }));
    const phone = form.getByRole('textbox', { name: '手机' });
    expect(phone.getAttribute('aria-invalid')).toBe('true');
    expect(form.getByText('手机号码有误：只能是数字、空格或 -')).toBeTruthy();
    expect(api.addUser).not.toHaveBeenCalled();
  });

  test('no phone and no e-mail, and no unit: both named, the API not called', async () => {
    const { user, api } = await setUp();
    await screen.findByText('李明');
    const form = within(add());
    await user.type(form.getByRole('textbox', { name: '姓名' }), '孙丽');
    await user.click(form.getByRole('button', { name: '添加人员' }));
    expect(form.getByText('请填写手机或电子邮箱（至少一项）')).toBeTruthy();
    expect(form.getByText('请选择所属单位')).toBeTruthy();
    expect(api.addUser).not.toHaveBeenCalled();
  });

  test("the server's request.invalid with field email shows at the e-mail field", async () => {
    const { user, api } = await setUp();
    await screen.findByText('李明');
    api.addUser.mockRejectedValueOnce(problem(400, 'request.invalid', { field: 'email' }));
    const form = within(add());
    await user.type(form.getByRole('textbox', { name: '姓名' }), '孙丽');
    await user.type(form.getByRole('textbox', { name: '电子邮箱' }), 'sl@example.org');
    await user.selectOptions(form.getByRole('combobox', { name: '所属单位' }), 'transport');
    await user.click(form.getByRole('button', { name: '添加人员' }));
    expect(await form.findByText('请求内容有误：email')).toBeTruthy();
    expect(form.getByRole('textbox', { name: '电子邮箱' }).getAttribute('aria-invalid')).toBe('true');
    expect(form.getByRole('textbox', { name: '手机' }).getAttribute('aria-invalid')).not.toBe('true');
  });

  test('user.exists is said clearly', async () => {
    const { user, api } = await setUp();
    await screen.findByText('李明');
    api.addUser.mockRejectedValueOnce(problem(409, 'user.exists'));
    const form = within(add());
    await user.type(form.getByRole('textbox', { name: '姓名' }), '李明');
    await user.type(form.getByRole('textbox', { name: '手机' }), '13800000001');
    await user.selectOptions(form.getByRole('combobox', { name: '所属单位' }), 'transport');
    await user.click(form.getByRole('button', { name: '添加人员' }));
    expect(await screen.findByText('已有使用该手机或邮箱的人员')).toBeTruthy();
  });

  test('disable asks to confirm, then calls updateUser and shows 停用; enable again', async () => {
    const { user, api } = await setUp();
    await screen.findByText('李明');
    await user.click(within(item('李明')).getByRole('button', { name: '停用' }));
    expect(api.updateUser).not.toHaveBeenCalled();
    const confirm = within(item('李明')).getByRole('group', { name: '停用' });
    expect(within(confirm).getByText(/下次访问时将被拒绝.*不会被删除/)).toBeTruthy();
    // Cancel first: nothing happens.
    await user.click(within(confirm).getByRole('button', { name: '取消' }));
    expect(api.updateUser).not.toHaveBeenCalled();
    await user.click(within(item('李明')).getByRole('button', { name: '停用' }));
    await user.click(
      within(within(item('李明')).getByRole('group', { name: '停用' })).getByRole('button', { name: '停用' }),
    );
    await waitFor(() => expect(api.updateUser).toHaveBeenCalledWith('s-li', { state: 'disabled' }));
    expect(await within(item('李明')).findByRole('button', { name: '启用' })).toBeTruthy();
    expect(within(item('李明')).getByText('停用')).toBeTruthy();

    await user.click(within(item('李明')).getByRole('button', { name: '启用' }));
    await waitFor(() => expect(api.updateUser).toHaveBeenLastCalledWith('s-li', { state: 'active' }));
    expect(await within(item('李明')).findByRole('button', { name: '停用' })).toBeTruthy();
    expect(within(item('李明')).queryByText('停用', { selector: 'span' })).toBeNull();
  });

  test('the signed-in office person has no 停用 of their own, only the others do', async () => {
    await setUp();
    await screen.findByRole('listitem', { name: '陈静' });
    expect(within(item('陈静')).queryByRole('button', { name: '停用' })).toBeNull();
    expect(within(item('陈静')).getByText('（本人）')).toBeTruthy();
    expect(within(item('李明')).getByRole('button', { name: '停用' })).toBeTruthy();
  });

  test('offline: a retry that works', async () => {
    const user = userEvent.setup();
    const api = fakeApi();
    api.listUsers.mockRejectedValueOnce(new NetworkError('http://x', 'Failed to fetch'));
    api.listUsers.mockResolvedValueOnce(PEOPLE);
    renderApp({ user: office, api });
    await user.click(await screen.findByRole('tab', { name: '人员' }));
    const retry = await screen.findByRole('button', { name: '重试' });
    expect(screen.queryByText('李明')).toBeNull();
    await user.click(retry);
    expect(await screen.findByText('李明')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '重试' })).toBeNull();
    expect(api.listUsers).toHaveBeenCalledTimes(2);
  });

  test('in English, the labels are English', async () => {
    const { user } = await setUp();
    await screen.findByText('李明');
    await user.click(screen.getByRole('button', { name: '语言' }));
    expect(screen.getByRole('tab', { name: 'People' })).toBeTruthy();
    const form = within(screen.getByRole('region', { name: 'Add a person' }));
    expect(form.getByRole('textbox', { name: 'Name' })).toBeTruthy();
    expect(form.getByRole('textbox', { name: 'Phone' })).toBeTruthy();
    expect(form.getByRole('textbox', { name: 'E-mail' })).toBeTruthy();
    expect(form.getByRole('combobox', { name: 'Role' })).toBeTruthy();
    expect(within(item('李明')).getByText('Unit staff · 区交通局')).toBeTruthy();
    expect(within(item('赵强')).getByRole('button', { name: 'Enable' })).toBeTruthy();
  });
});
