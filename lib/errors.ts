// Expected errors: the action and API wrappers turn these into messages and statuses; anything else is a 500.
export class ForbiddenError extends Error {
  constructor(message = "You do not have permission to do that.") {
    super(message);
  }
}

export class NotFoundError extends Error {
  constructor(message = "Not found.") {
    super(message);
  }
}

export class ValidationError extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * The request is valid but clashes with the current state (a duplicate e-mail, a disabled endpoint, the last
 * admin). A ValidationError too, so form wrappers show its message; the API answers 409.
 */
export class ConflictError extends ValidationError {}
