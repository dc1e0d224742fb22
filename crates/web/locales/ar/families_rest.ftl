# Families and announcements (issue 18): the class picker of the announcement form, the
# child's live sessions of the coming week.
ann-one-class = قسم واحد فقط
child-live-week = حصص الأيام السبعة القادمة.
child-live-none-week = لا توجد حصص مباشرة مبرمجة خلال الأيام السبعة القادمة.
