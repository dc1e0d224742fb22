# A pupil's first contact: the home page leads with what to do now.
pupil-home-todo-empty-next = راجع دروسك أو تصفّح مواد مستواك أسفله.
pupil-home-done-count = { $count ->
    [zero] لا عمل منجز
    [one] عمل واحد منجز
    [two] عملان منجزان
    [few] { $count } أعمال منجزة
    [many] { $count } عملا منجزا
   *[other] { $count } عمل منجز
}
pupil-home-overdue = متأخر
pupil-home-revision-none = لا شيء للمراجعة اليوم. الأسئلة التي تجيب عنها تعود إلى هنا في الوقت المناسب.
pupil-home-my-level = مستواي وموادّه
pupil-home-no-class-next = في الأثناء، اختر مستواك من المناهج:
pupil-home-no-subjects = لا دروس بعد في مستواك. تصفّح المناهج:
# The language a capsule or exercise set is written in, named in that language (shown
# with its `lang` attribute, whatever the interface language).
content-language-ar = عربية
content-language-fr = Français
content-language-filter = لغة المحتوى:
content-language-all = الكل
authoring-language = لغة الأسئلة
authoring-language-from-text = حسب نص الأسئلة
