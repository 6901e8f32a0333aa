package ai.puyu.admin.users;

/** No API key has this id. */
class KeyNotFoundException extends RuntimeException {

    KeyNotFoundException(long id) {
        super("there is no API key with id " + id);
    }
}
