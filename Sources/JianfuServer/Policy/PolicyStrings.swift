extension PolicyDomain {
    static let strings: StringTable = [
        "nav.policy": ("政策参数", "Policy"),

        "policy.title": ("政策参数", "Policy profile"),
        "policy.profile": ("当前方案", "Profile"),
        "policy.key": ("参数", "Setting"),
        "policy.value": ("数值", "Value"),
        "policy.district": ("本区调整", "District value"),
        "policy.rule": ("规则编号", "Rule"),
        "policy.source": ("依据", "Source"),
        "policy.none": ("不设具体数值（见规则原文）", "no number (see the rule's wording)"),
        "policy.save": ("保存本区调整", "Save district values"),
        "policy.saved": ("已保存。", "Saved."),
        "policy.hint": ("各区只能在国家规定基础上从严调整（例如把三至六年级作业上限改为 45 分钟），不能放宽。留空表示沿用方案数值。", "A district may only tighten the profile (e.g. 45 minutes for grades 3–6), never loosen it. Leave a field empty to keep the profile's value."),
        "policy.loosening": ("“{0}”不能放宽：规则 {1} 规定为 {2}，您填写的是 {3}。", "{0} cannot be loosened: rule {1} sets {2}, you entered {3}."),
        "policy.unknownKey": ("参数“{0}”不可调整。", "{0} cannot be adjusted."),
        "policy.notTime": ("“{0}”应填写时间，如 17:30。", "{0} must be a time of day, such as 17:30."),
        "policy.notNumber": ("“{0}”应填写不小于 0 的整数。", "{0} must be a whole number, 0 or more."),
    ]
}
