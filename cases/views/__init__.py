"""Browser views of the cases app: filing, the case list, the case page with its actions, the
approvals inbox and the public progress page. Views call services and selectors only and turn
their errors into messages on the page (enforcement.errors)."""
