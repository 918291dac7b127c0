extension AccountsDomain {
    static let strings: StringTable = [
        "signIn.title": ("登录", "Sign in"),
        "signIn.username": ("用户名", "Username"),
        "signIn.password": ("密码", "Password"),
        "signIn.submit": ("登录", "Sign in"),
        "signIn.hint": ("教师、家长请使用学校发放的账号（一般为手机号）。", "Teachers and parents use the account their school gave them (usually a mobile number)."),

        "account.title": ("修改密码", "Change password"),
        "account.link": ("修改密码", "Password"),
        "account.current": ("当前密码", "Current password"),
        "account.new": ("新密码", "New password"),
        "account.confirm": ("再次输入新密码", "New password again"),
        "account.submit": ("保存新密码", "Save the new password"),
        "account.rules": ("新密码至少 8 位，须同时包含字母和数字，不能包含用户名或手机号，也不能是常见密码。修改后，其他设备上的登录和 API 令牌将失效。", "At least 8 characters with both letters and digits, not containing your username or phone number, and not a common password. Sign-ins on other devices and API tokens end when it changes."),
        "account.changed": ("密码已修改。", "Your password has been changed."),
        "account.wrongCurrent": ("当前密码不正确。", "The current password is not right."),
        "account.mismatch": ("两次输入的新密码不一致。", "The two new passwords differ."),
        "account.tooShort": ("新密码至少需要 {0} 位。", "The new password needs at least {0} characters."),
        "account.tooLong": ("新密码太长。", "The new password is too long."),
        "account.lettersAndDigits": ("新密码须同时包含字母和数字。", "The new password needs both letters and digits."),
        "account.containsUsername": ("新密码不能包含用户名或手机号。", "The new password must not contain your username or phone number."),
        "account.tooCommon": ("这个密码太常见（或与当前密码相同），请换一个。", "That password is too common (or the same as the current one); choose another."),
    ]
}
