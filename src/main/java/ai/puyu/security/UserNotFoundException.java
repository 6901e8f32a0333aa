package ai.puyu.security;

/** No account has this id (deleted meanwhile, or never existed). */
public class UserNotFoundException extends RuntimeException {

    public UserNotFoundException(long id) {
        super("there is no user with id " + id);
    }
}
