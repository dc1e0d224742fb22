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
