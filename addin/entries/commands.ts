/** The ribbon commands' page: the button only opens the task pane, so Office just needs to be ready. */
Office.onReady(() => {});
